import nunjucks from 'nunjucks';
const t0 = performance.now();
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader('/work/main/templates'));
const names = ['home.njk','archive.njk','year.njk','issue.njk','taxonomy.njk','term.njk','search.njk','404.njk'];
for (const n of names) env.getTemplate(n, true);
const t1 = performance.now();
console.log('compile', Math.round(t1 - t0));
