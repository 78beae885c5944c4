"""Typesetting and pagination with QtGui (QTextLayout, QFont); no widgets."""
