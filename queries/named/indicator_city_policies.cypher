// name: indicator_city_policies
// description: >
//   Policies issued by government bodies located in a city, each with the shortest chain of
//   citations (CITES, up to 6) that reaches a provincial or national policy: one row per
//   relationship of that chain (`grp` its length), or one row with the ISSUED_BY
//   relationship and `grp` null where no chain exists.
// params:
//   city: {type: entity, required: true, description: key or exact name of the city}
//   as_of: {type: date, default: null, description: only policies issued by this date}
// columns: [subject, grp, start, type, end, sources]
MATCH (c:Entity {key: $city})
MATCH (g:Government)-[:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
MATCH (pol:Policy)-[ri:ISSUED_BY]->(g)
WHERE $as_of IS NULL OR pol.issued_date IS NULL
   OR pol.issued_date <= left($as_of, size(pol.issued_date))
OPTIONAL MATCH p = (pol)-[:CITES*1..6]->(q:Policy)
WHERE q:NationalPolicy OR q:ProvincialPolicy
WITH pol, ri, p ORDER BY length(p)
WITH pol, ri, collect(p) AS ps
WITH pol, ri, CASE WHEN size(ps) = 0 THEN null ELSE ps[0] END AS p
UNWIND CASE WHEN p IS NULL THEN [ri] ELSE relationships(p) END AS r
RETURN DISTINCT pol.key AS subject,
       CASE WHEN p IS NULL THEN null ELSE toString(length(p)) END AS grp,
       startNode(r).key AS start, type(r) AS type, endNode(r).key AS end,
       r.source_ids AS sources
