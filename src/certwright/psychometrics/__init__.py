"""certwright.psychometrics: pure package (no Django); see ARCHITECTURE.md."""
