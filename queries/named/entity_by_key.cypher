// name: entity_by_key
// description: One entity by its key, with its names, class and validity.
// params:
//   key: {type: string, required: true, description: "entity key, e.g. institution:深圳职业技术大学"}
// columns: [key, name, class, top, aliases, source_ids, valid_from, valid_to]
MATCH (n:Entity {key: $key})
RETURN n.key, n.name, n.class, n.top, n.aliases, n.source_ids, n.valid_from, n.valid_to
