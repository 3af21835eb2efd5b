"""Web layer: Flask server, auth, and the Dash pages and callbacks."""
