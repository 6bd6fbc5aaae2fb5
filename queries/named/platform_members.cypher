// name: platform_members
// description: >
//   The members, leads and builders of a platform, with the validity of each membership.
// params:
//   platform: {type: entity, required: true, description: key or exact name of the platform}
//   role: {type: string, default: null, choices: [lead, builder, member], description: only this role}
//   as_of: {type: date, default: null, description: only memberships valid on this date}
// columns: [key, name, class, role, valid_from, valid_to]
MATCH (p:Entity {key: $platform})<-[r:MEMBER_OF|LEADS|BUILDS]-(m:Entity)
WITH m, r, CASE type(r) WHEN 'LEADS' THEN 'lead' WHEN 'BUILDS' THEN 'builder' ELSE 'member' END AS role
WHERE ($role IS NULL OR role = $role)
  AND ($as_of IS NULL OR (
       (r.valid_from IS NULL OR r.valid_from <= left($as_of, size(r.valid_from)))
   AND (r.valid_to IS NULL OR r.valid_to >= left($as_of, size(r.valid_to)))))
RETURN m.key, m.name, m.class, role, r.valid_from, r.valid_to
ORDER BY role, m.key
