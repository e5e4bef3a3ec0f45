// A tile map of China's provincial-level divisions as static SVG: one equal square each, placed
// roughly where the division lies, no borders drawn, shaded by how many entries it has, each
// with entries linking to its region page. Colours come from the stylesheet (light and dark);
// the page's list of regions with counts is its text equivalent. Pure.
import { escapeMarkup } from './escape-markup.js';

/** Column and row of each division's tile, by short name: north-east top right, Hainan bottom. */
const TILE_PLACES: Readonly<Record<string, readonly [column: number, row: number]>> = {
  黑龙江: [8, 0],
  内蒙古: [5, 1], 北京: [6, 1], 吉林: [8, 1],
  新疆: [1, 2], 甘肃: [3, 2], 宁夏: [4, 2], 山西: [5, 2], 河北: [6, 2], 天津: [7, 2], 辽宁: [8, 2],
  青海: [2, 3], 陕西: [4, 3], 河南: [5, 3], 山东: [6, 3],
  西藏: [1, 4], 四川: [3, 4], 重庆: [4, 4], 湖北: [5, 4], 安徽: [6, 4], 江苏: [7, 4], 上海: [8, 4],
  云南: [3, 5], 贵州: [4, 5], 湖南: [5, 5], 江西: [6, 5], 浙江: [7, 5],
  广西: [4, 6], 广东: [5, 6], 福建: [6, 6], 台湾: [7, 6],
  海南: [4, 7], 澳门: [5, 7], 香港: [6, 7],
};

const TILE = 56;
const GAP = 4;
const COLUMNS = 9;
const ROWS = 8;
/** Shades besides "none": a tile's shade is its count's share of the largest count, in steps. */
const SHADES = 4;

export interface RegionTile {
  /** Short form, as the tile shows it: 山东. */
  short: string;
  count: number;
  /** Its region page, absolute or from the site root; null when it has no entries. */
  href: string | null;
}

/** Whether `short` has a place on the map (every provincial-level division has). */
export function hasTile(short: string): boolean {
  return Object.hasOwn(TILE_PLACES, short);
}

export function regionTileMap(tiles: readonly RegionTile[], title: string): string {
  const max = Math.max(1, ...tiles.map((tile) => tile.count));
  const width = COLUMNS * (TILE + GAP) - GAP;
  const height = ROWS * (TILE + GAP) - GAP;
  const drawn = tiles
    .filter((tile) => hasTile(tile.short))
    .map((tile) => {
      const [column, row] = TILE_PLACES[tile.short]!;
      const x = column * (TILE + GAP);
      const y = row * (TILE + GAP);
      const shade = tile.count === 0 ? 0 : Math.ceil((SHADES * tile.count) / max);
      const shapes =
        `<rect class="tile-map__tile tile-map__tile--${shade}" x="${x}" y="${y}" width="${TILE}" height="${TILE}" rx="6"/>` +
        `<text class="tile-map__name" x="${x + TILE / 2}" y="${y + 24}">${escapeMarkup(tile.short)}</text>` +
        (tile.count > 0 ? `<text class="tile-map__count" x="${x + TILE / 2}" y="${y + 44}">${tile.count}</text>` : '');
      // A link's name is what it shows (山东 12); a division without entries has no page to link
      // to, and the list of regions leaves it out too.
      return tile.href === null
        ? `<g class="tile-map__empty" aria-hidden="true">${shapes}</g>`
        : `<a href="${escapeMarkup(tile.href)}">${shapes}</a>`;
    });
  return (
    `<svg class="tile-map__svg" viewBox="0 0 ${width} ${height}" role="group" aria-labelledby="tile-map-title">` +
    `<title id="tile-map-title">${escapeMarkup(title)}</title>${drawn.join('')}</svg>`
  );
}
