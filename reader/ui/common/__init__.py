"""Small pieces every ui package may use: plain-text tooltips, list placeholders, file drops."""
