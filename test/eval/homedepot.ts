// The Home Depot relevance data set (../shared/data/search-relevance-homedepot, read in place,
// never copied into the repo): queries, judgements, and the corpus written as a catalog TSV.
import { createWriteStream, mkdirSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readLines } from "../../workers/cli/catalog-seed";
import type { Judgements } from "./metrics";

export const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/data/search-relevance-homedepot");

/** Rows of a gzipped TSV with a header row, as objects keyed by the header's names. */
async function* tsvRows(file: string): AsyncGenerator<Record<string, string>> {
  let header: string[] | null = null;
  for await (const line of readLines(path.join(DATA_DIR, file))) {
    if (line === "") continue;
    const values = line.split("\t");
    if (!header) header = values;
    else yield Object.fromEntries(header.map((h, i) => [h, values[i] ?? ""]));
  }
}

export type Query = { qid: string; query: string };

export const readQueries = async (): Promise<Query[]> => {
  const out: Query[] = [];
  for await (const r of tsvRows("queries.tsv.gz")) out.push({ qid: r.qid!, query: r.query! });
  return out;
};

export const readJudgements = async (): Promise<Map<string, Judgements>> => {
  const byQuery = new Map<string, Judgements>();
  for await (const r of tsvRows("qrels_raw.tsv.gz")) {
    let j = byQuery.get(r.qid!);
    if (!j) {
      j = new Map();
      byQuery.set(r.qid!, j);
    }
    j.set(r.product_uid!, Number(r.relevance_mean));
  }
  return byQuery;
};

/**
 * The corpus as a catalog TSV (`id`, `title`: titles are all the data set has) for the catalog
 * importer; returns the titles by id too, for the per-query dump.
 */
export const writeCorpusCatalog = async (file: string): Promise<Map<string, string>> => {
  mkdirSync(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const titles = new Map<string, string>();
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, "drain");
  };
  await write("id\ttitle\n");
  for await (const r of tsvRows("corpus_titles.tsv.gz")) {
    titles.set(r.product_uid!, r.product_title!);
    await write(`${r.product_uid}\t${r.product_title}\n`);
  }
  out.end();
  await once(out, "finish");
  return titles;
};
