-- Search (issue 5): full-text indexes over the catalog, kept in sync by triggers on products.
-- products_fts: external-content FTS5 over title, description, category slug and attribute
-- JSON (keys and values become tokens), porter-stemmed; bm25 column weights live in
-- workers/search/ranking.ts. products_trigram: title trigrams, for partial words inside a
-- word. products_vocab: the stemmed vocabulary with document counts, for typo correction.
-- Soft-deleted products stay indexed; queries join products and skip deleted rows.
CREATE VIRTUAL TABLE products_fts USING fts5(
  title, description, category, attributes,
  content='products', content_rowid='rowid',
  tokenize='porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE products_trigram USING fts5(
  title,
  content='products', content_rowid='rowid',
  tokenize='trigram'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE products_vocab USING fts5vocab(products_fts, 'row');
--> statement-breakpoint
CREATE TRIGGER products_search_ai AFTER INSERT ON products BEGIN
  INSERT INTO products_fts(rowid, title, description, category, attributes) VALUES (new.rowid, new.title, new.description, new.category, new.attributes);
  INSERT INTO products_trigram(rowid, title) VALUES (new.rowid, new.title);
END;
--> statement-breakpoint
CREATE TRIGGER products_search_ad AFTER DELETE ON products BEGIN
  INSERT INTO products_fts(products_fts, rowid, title, description, category, attributes) VALUES ('delete', old.rowid, old.title, old.description, old.category, old.attributes);
  INSERT INTO products_trigram(products_trigram, rowid, title) VALUES ('delete', old.rowid, old.title);
END;
--> statement-breakpoint
CREATE TRIGGER products_search_au AFTER UPDATE OF title, description, category, attributes ON products BEGIN
  INSERT INTO products_fts(products_fts, rowid, title, description, category, attributes) VALUES ('delete', old.rowid, old.title, old.description, old.category, old.attributes);
  INSERT INTO products_trigram(products_trigram, rowid, title) VALUES ('delete', old.rowid, old.title);
  INSERT INTO products_fts(rowid, title, description, category, attributes) VALUES (new.rowid, new.title, new.description, new.category, new.attributes);
  INSERT INTO products_trigram(rowid, title) VALUES (new.rowid, new.title);
END;
--> statement-breakpoint
-- Index what is already there (a database migrated after the catalog was imported).
INSERT INTO products_fts(products_fts) VALUES ('rebuild');
--> statement-breakpoint
INSERT INTO products_trigram(products_trigram) VALUES ('rebuild');
