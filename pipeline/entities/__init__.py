"""Canonical entities across articles: one id per person, organisation and place.

normalise: folded keys, stable ids, genitive and title base forms; gazetteer: the
aliases and Wikidata ids the project's own tables know; link: an article's
mentions tied to entities, each tie with its rule; index: the entity tables of
the SQLite index and the queries on them.
"""
