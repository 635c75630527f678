"""GemBazaar's PDFs (fpdf2): invoice.invoice_pdf and statement.statement_pdf, on document.Document."""
