import { parseMarkdown, markdownToHtml } from '../src/parse/markdown.ts';
import { visit } from 'unist-util-visit';
function depth(t: any): number { let max = 0; const st: [any, number][] = [[t, 0]]; while (st.length) { const [n, d] = st.pop()!; max = Math.max(max, d); for (const c of n.children ?? []) st.push([c, d + 1]); } return max; }
const cases: [string, string][] = [
  ['emphnest', '*_'.repeat(5000) + 'x' + '_*'.repeat(5000)],
  ['strongnest', '**a '.repeat(3000) + 'x' + ' b**'.repeat(3000)],
  ['imgnest', '[!['.repeat(3000) + 'x' + '](a)]'.repeat(3000)],
  ['quote2000', '>'.repeat(2000) + ' x'],
  ['para1MB', ('社会工作服务站建设持续推进，各地民政部门积极探索。' .repeat(20) + '\n\n').repeat(1100)],
];
for (const [name, s] of cases) {
  const t = performance.now(); const tree = parseMarkdown(s); const t1 = performance.now();
  let ok = 'visit ok'; try { visit(tree, () => {}); } catch (e) { ok = 'visit THROW ' + (e as Error).message; }
  let h = 'html ok'; try { markdownToHtml(tree); } catch (e) { h = 'html THROW ' + (e as Error).message; }
  console.log(name, new TextEncoder().encode(s).length, Math.round(t1 - t), 'ms depth', depth(tree), ok, h, Math.round(performance.now() - t1));
}
