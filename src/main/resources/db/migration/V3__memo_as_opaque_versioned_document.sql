-- The reconciler's bookkeeping ("memo") becomes a document the definition module stores without
-- interpreting it: its own column, in the reconcile module's versioned format. Before, it was the
-- last member of status_json ({"phase":...,"memo":{...}}), a flat object (strings, numbers,
-- booleans, nulls). Each row's memo object moves to memo_json as version 1 of that format (the same
-- members, plus "version":1 first) and leaves status_json. The regular expression matches one flat
-- JSON object, strings with escapes included, at the end of status_json.
alter table definition_status add column memo_json character varying;

update definition_status
   set memo_json = '{"version":1,' || substring(
         regexp_substr(status_json, ',"memo":(\{(?:"(?:[^"\\]|\\.)*"|[^{}"])*\})\}$', 1, 1, '', 1)
         from 2)
 where regexp_like(status_json, ',"memo":\{(?:"(?:[^"\\]|\\.)*"|[^{}"])*\}\}$');

update definition_status
   set status_json = regexp_replace(status_json, ',"memo":(\{(?:"(?:[^"\\]|\\.)*"|[^{}"])*\}|null)\}$', '}');
