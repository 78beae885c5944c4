"""Reading: the page widget, its painting, mouse, status line, keyboard selection, page menu."""
