// name: policies_for
// description: >
//   Policies (and governments) that designate or support an entity, and — with
//   `through_platforms` — those that designate or support a platform the entity leads,
//   builds or belongs to.
// params:
//   key: {type: entity, required: true, description: key or exact name of the entity}
//   through_platforms: {type: bool, default: false, description: include its platforms' policies}
// columns: [key, name, class, relation, target]
MATCH (e:Entity {key: $key})<-[r:DESIGNATES|SUPPORTS]-(p:Entity)
RETURN p.key AS key, p.name AS name, p.class AS class, type(r) AS relation, e.key AS target
UNION
MATCH (e:Entity {key: $key})-[m:MEMBER_OF|LEADS|BUILDS]->(pl:Platform)<-[r:DESIGNATES|SUPPORTS]-(p:Entity)
WHERE $through_platforms
RETURN p.key AS key, p.name AS name, p.class AS class, type(r) AS relation, pl.key AS target
