-- Reference data: the catalog's category tree (flat for now). Product writes validate against it;
-- the demo importer's category rule (workers/demo-data/categorise.ts) only produces these slugs.
INSERT INTO `categories` (`slug`, `name`) VALUES
  ('home-decor', 'Home Décor'),
  ('kitchen-dining', 'Kitchen & Dining'),
  ('candles-lighting', 'Candles & Lighting'),
  ('bags-accessories', 'Bags & Accessories'),
  ('jewellery', 'Jewellery'),
  ('stationery-gift-wrap', 'Stationery & Gift Wrap'),
  ('party-seasonal', 'Party & Seasonal'),
  ('toys-games', 'Toys & Games'),
  ('garden-outdoor', 'Garden & Outdoor'),
  ('storage-organisation', 'Storage & Organisation'),
  ('bath-beauty', 'Bath & Beauty'),
  ('gifts-novelties', 'Gifts & Novelties'),
  ('electronics', 'Electronics'),
  ('books', 'Books'),
  ('clothing', 'Clothing'),
  ('sports-outdoors', 'Sports & Outdoors')
ON CONFLICT (`slug`) DO NOTHING;
