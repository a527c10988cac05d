"""Finding topics: the prompts that surface post ideas and the topic categories."""

from byline.ideas.prompts import CATEGORIES, PROMPTS, Category, Prompt

__all__ = ["CATEGORIES", "PROMPTS", "Category", "Prompt"]
