"""Finding a key without being told it.

Key ranking by language model, n-grams and chi-squared, the Vigenère search, and the
ciphertext's alphabet read from the text.

The public face is ``__init__.pyi``: the rest of the app imports those names from this
package, never from its modules. They load on first use (lazy_loader), so importing a cheap
name never pays for torch.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
