"""Reading statistics in the window: recording page views, time left, and the Statistics view."""
