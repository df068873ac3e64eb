"""Cipher families: the classical ciphers a model can learn, and their keys and alphabets.

One module per family (``caesar`` with ``rot13``, ``atbash``, ``affine``, ``substitution``,
``vigenere``, ``autokey``); the :class:`Cipher` interface in :mod:`.base`, key errors and
keyword rules in :mod:`.keys`, the index-array code path (and how positions count) in
:mod:`.indices`, and the names in :mod:`.registry`. Every family encrypts and decrypts
strings and index arrays (ints, NumPy, torch), validates its key with
:class:`InvalidKeyError`, describes itself as plain JSON (:meth:`Cipher.to_dict`,
:func:`cipher_from_dict`) and draws random keys. Nothing here imports torch or Qt.

Default keys (:meth:`Cipher.default_key`): caesar 13 over ``seed`` (the seed cipher) and 3
over ``letters``; affine ``5,8``; substitution the keyword ``ZEBRAS``; vigenere ``LEMON``;
autokey ``QUEENLY``; rot13 and atbash take none.

The public face is ``__init__.pyi``: the rest of the app imports those names from this
package, never from its modules. They load on first use (lazy_loader), so importing a cheap
name never pays for torch.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
