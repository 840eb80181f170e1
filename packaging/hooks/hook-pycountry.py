"""pycountry's ISO databases without its translations (Newsmark shows English names), which
are most of its size."""

from PyInstaller.utils.hooks import collect_data_files, copy_metadata

datas = copy_metadata("pycountry") + collect_data_files("pycountry", excludes=["locales/**"])
