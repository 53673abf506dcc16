"""Command lines to operations: a small bash, the networking tools' parsers, output formats and errors."""
