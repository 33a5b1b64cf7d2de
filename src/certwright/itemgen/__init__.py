"""certwright.itemgen: pure package (no Django); see ARCHITECTURE.md."""
