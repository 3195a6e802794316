"""Report renderers: a pure ``render_<format>(report) -> str`` per output format."""
