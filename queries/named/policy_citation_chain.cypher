// name: policy_citation_chain
// description: >
//   The policies a policy cites, transitively (`cites`), and the policies that cite it
//   (`cited_by`), up to `depth` steps, with the fewest steps to each.
// params:
//   policy: {type: entity, required: true, description: key or exact title of the policy}
//   depth: {type: int, default: 3, min: 1, max: 6, inline: true}
// columns: [key, name, direction, depth]
MATCH path = (p:Entity {key: $policy})-[:CITES*1..{{depth}}]->(q:Entity)
WHERE q.key <> $policy
RETURN q.key AS key, q.name AS name, 'cites' AS direction, min(length(path)) AS depth
UNION
MATCH path = (p:Entity {key: $policy})<-[:CITES*1..{{depth}}]-(q:Entity)
WHERE q.key <> $policy
RETURN q.key AS key, q.name AS name, 'cited_by' AS direction, min(length(path)) AS depth
