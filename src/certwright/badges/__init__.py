"""certwright.badges: pure package (no Django); see ARCHITECTURE.md."""
