"""Evidence and attachments on a work order: sniffed types, size limits, SHA-256, thumbnails, scoped and logged reads."""
