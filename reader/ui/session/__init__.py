"""The open book: loading and saving its position, and its bookmarks, highlights and notes."""
