KEPU_SEARCH_DOCS("bo",{"base":"/bo/","shards":1,"versions":["1odsdzv"],"summary_docs":100,"summary_versions":["19i4v7o"],"docs":[
["B རིགས་དང་ C རིགས་མཆིན་ཚད་ཀྱི་ཞིབ་བཤེར། ཁྲག་ཐེངས་གཅིག་བརྟག་ན་ཤེས་ཐུབ།","articles/hepatitis-screening/"]
]});
