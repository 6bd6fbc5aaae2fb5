// name: platforms_of_city
// description: >
//   Platforms located in a city or in a place inside it (district, county), optionally only
//   of some platform classes (IndustrialCollege, MunicipalConsortium … subclasses included).
// params:
//   city: {type: entity, required: true, description: key or exact name of the city}
//   classes: {type: "list[class]", default: null, description: "platform classes, e.g. IndustrialCollege"}
// columns: [key, name, class, place]
MATCH (c:Entity {key: $city})
MATCH (p:Platform)-[:LOCATED_IN]->(x:Place)-[:PART_OF*0..3]->(c)
WHERE ($classes IS NULL OR p.class IN $classes)
WITH p, min(x.name) AS place
RETURN p.key, p.name, p.class, place
ORDER BY p.key
