/**
 * Manifests as one multi-document YAML stream, the form `kubectl apply -f -` and GitOps repositories take. Pure.
 * Long values (the load's JSON) are never folded and shared objects are written out (no YAML anchors), so the text is byte-for-byte what the API object holds.
 */
import { stringify } from 'yaml';

export function manifestsYaml(objects: readonly object[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}
