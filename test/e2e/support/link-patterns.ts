/**
 * Expands a Jaeger UI linkPattern `url` template the way the UI does: every `#{name}` is replaced by the
 * URL-encoded value; literal parts stay as written. A missing parameter makes the UI drop the link,
 * so here it throws.
 */
export function expandLinkTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/#\{\s*([^}|\s]+)\s*\}/g, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`link template parameter #{${name}} has no value`);
    return encodeURIComponent(value);
  });
}
