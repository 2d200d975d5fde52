-- Typo correction (issue 15): the words of product titles as typed, with how many titles hold
-- each. products_vocab holds porter stems ("candl"), which are not words to offer a shopper and
-- are far from what they typed; this index keeps the words whole, case-folded like the search
-- index. Kept in step with products by triggers, as products_fts is.
CREATE VIRTUAL TABLE products_words USING fts5(
  title,
  content='products', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE products_words_vocab USING fts5vocab(products_words, 'row');
--> statement-breakpoint
CREATE TRIGGER products_words_ai AFTER INSERT ON products BEGIN
  INSERT INTO products_words(rowid, title) VALUES (new.rowid, new.title);
END;
--> statement-breakpoint
CREATE TRIGGER products_words_ad AFTER DELETE ON products BEGIN
  INSERT INTO products_words(products_words, rowid, title) VALUES ('delete', old.rowid, old.title);
END;
--> statement-breakpoint
CREATE TRIGGER products_words_au AFTER UPDATE OF title ON products BEGIN
  INSERT INTO products_words(products_words, rowid, title) VALUES ('delete', old.rowid, old.title);
  INSERT INTO products_words(rowid, title) VALUES (new.rowid, new.title);
END;
--> statement-breakpoint
INSERT INTO products_words(products_words) VALUES ('rebuild');
