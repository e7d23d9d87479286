"""The scraped-text path: text that another scraper already dumped, with no HTML left."""
