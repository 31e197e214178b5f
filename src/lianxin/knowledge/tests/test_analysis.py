from lianxin.knowledge.analysis import char_grams


def test_char_grams_are_overlapping_bigrams_of_each_chinese_run_after_normalisation():
    # Traditional → Simplified first; punctuation and Latin split runs; a one-character run gives no bigram.
    assert char_grams("電暖器不制熱，TV 退") == ["电暖", "暖器", "器不", "不制", "制热"]


def test_char_grams_of_several_sizes():
    assert char_grams("不制冷", (2, 3)) == ["不制", "制冷", "不制冷"]
    assert char_grams("") == []
