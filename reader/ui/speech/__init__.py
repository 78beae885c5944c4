"""Read aloud: the book spoken sentence by sentence, the sentence and word marked on the
page, pages following, with its commands' controller, state bar and settings page."""
