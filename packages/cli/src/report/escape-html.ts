const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML and SVG element content and quoted attribute values. Every string that
 * comes from data (column names, categories, suite names, observed values) goes through it.
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, character => entities[character] ?? character);
}
