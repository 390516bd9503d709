"""An instance solved as its independent parts: what is prepared before any part is solved
(:mod:`.prepared`), the parts solved (:mod:`.solve_parts`), their plans merged
(:mod:`.merge_parts`), plans at a least difference across parts (:mod:`.least_difference`), and
proven parts kept between solves (:mod:`.proven_parts`).
"""
