"""storysite: the generator behind the bilingual Taobao villages story."""

__version__ = "0.1.0"
