"""The baseline: the smallest Flask app, served exactly like the site."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
