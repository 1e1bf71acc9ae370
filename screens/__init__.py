"""View builders: plain Python that returns the frames, numbers and chart specs of each screen (no Streamlit)."""
