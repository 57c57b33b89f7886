"""The board: columns of customer cards by state, drag and drop."""
