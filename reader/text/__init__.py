"""Qt-free text engine: bytes in, a structured :class:`~reader.text.book.Book` out."""
