"""Widgets and helpers every page uses: formatting in the user's locale, forms, labels, icons,
theme and style, translation, reload timing, the customer picker."""
