// Text for SVG and HTML markup written by hand (charts), escaped as nunjucks' autoescape would
// in text and in double-quoted attributes. Pure.
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
