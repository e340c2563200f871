"""Load the content tree into the model and check it against the schema.

Nothing here knows about MkDocs or PDF. Where a rule lives:
project.py    the tree walked: guides, sites, entries, then the checks across files
site_file.py  sites/<site>/site.yml
entries.py    an entry folder's index.<lang>.md files and their fields
values.py     one field's value by its schema type (text, files, coordinates, …)
records.py    list fields of records (shops, links), item by item
stops.py      a street's stops
references.py guides named by a site, a counter or a stop
links.py      links in the Markdown bodies
shapes.py     small YAML readers shared by the above
"""

from ..schema import ENTRY_ROOTS
from .project import load_project

__all__ = ["ENTRY_ROOTS", "load_project"]
