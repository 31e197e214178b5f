"""Official documents (文书): templates, per-unit numbering, rendering to PDF and DOCX, immutable storage."""
