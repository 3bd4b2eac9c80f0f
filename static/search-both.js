// What Pagefind's interface on the search page imports in place of Pagefind's own
// pagefind.js (see search.js): the same functions, but a Chinese query is searched
// twice, as typed and with each character the other script writes differently put in
// this edition's form (the page's query map, made at build time: 淘宝 -> 淘寶 on the
// Traditional edition, 淘寶 -> 淘宝 on the Simplified one).
// Why twice: a character map cannot tell words apart. 里 is 裡 in most Traditional
// text, but 阿里 (Alibaba) keeps it, as 上下游 keeps 游: mapped only, 阿里 found nothing
// on the Traditional edition. Were 里 left out of the map, 这里 typed there would find
// 這里 (1 result), not 這裡 (23). So the typed form's results come first, exactly what
// Pagefind alone finds, then what only the mapped form finds, each page once.
// static/ and pagefind/ are published side by side, under the site's base path.
import * as pagefind from "../pagefind/pagefind.js";

export * from "../pagefind/pagefind.js";

const map = JSON.parse(document.getElementById("search").dataset.queryMap);
const mapped = (term) => Array.from(term, (character) => map[character] || character).join("");

// Pagefind joins a heading and the paragraph after it with a Latin full stop where the
// heading has none ("为舞台而生的小镇. 疫情来临之前"), and any two blocks with a space
// ("2021年。 央广网"). After Chinese, that is the edition's own full stop
// (data-full-stop), and nothing follows a Chinese full stop.
const fullStop = document.getElementById("search").dataset.fullStop || ".";
const JOIN = /(?<=[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])(<\/mark>)?\.(?: |$)/g;
const AFTER_STOP = /(?<=[。！？])(<\/mark>)? +/g;
const inEditionsStops = (excerpt) =>
  fullStop === "."
    ? excerpt
    : excerpt
        .replace(/^\. /, "")
        .replace(JOIN, (_, mark) => (mark || "") + fullStop)
        .replace(AFTER_STOP, (_, mark) => mark || "");
const withStops = (data) => ({
  ...data,
  excerpt: inEditionsStops(data.excerpt),
  sub_results: (data.sub_results || []).map((sub) => ({ ...sub, excerpt: inEditionsStops(sub.excerpt) })),
});
const stopped = (found) => ({
  ...found,
  results: found.results.map((result) => ({ ...result, data: async () => withStops(await result.data()) })),
});

export async function search(term, options) {
  const other = mapped(term);
  if (other === term) return stopped(await pagefind.search(term, options));
  const [typed, more] = await Promise.all([pagefind.search(term, options), pagefind.search(other, options)]);
  const seen = new Set(typed.results.map((result) => result.id));
  return stopped({ ...typed, results: typed.results.concat(more.results.filter((result) => !seen.has(result.id))) });
}

export const preload = (term, options) =>
  Promise.all([pagefind.preload(term, options), pagefind.preload(mapped(term), options)]);
