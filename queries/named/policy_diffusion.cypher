// name: policy_diffusion
// description: >
//   The citation tree below a policy: every policy that cites it directly or through other
//   policies (up to `depth` steps), each with the policy it cites on the way (its parent in
//   the tree), both issue dates, levels and the citing relationship's sources.
// params:
//   policy: {type: entity, required: true, description: key or exact name of the policy}
//   depth: {type: int, default: 6, min: 1, max: 8, inline: true, description: "1–8"}
// columns: [key, name, class, issued_date, parent, parent_issued_date, distance, sources]
MATCH p = (child:Policy)-[:CITES*1..{{depth}}]->(root:Entity {key: $policy})
WITH child, p, relationships(p)[0] AS r
WITH child, min(length(p)) AS distance, collect(r) AS rs
UNWIND rs AS r
WITH child, distance, r, endNode(r) AS parent
RETURN DISTINCT child.key AS key, child.name AS name, child.class AS class,
       child.issued_date AS issued_date, parent.key AS parent,
       parent.issued_date AS parent_issued_date, distance, r.source_ids AS sources
ORDER BY distance, key, parent
