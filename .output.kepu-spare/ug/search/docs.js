KEPU_SEARCH_DOCS("ug",{"base":"/ug/","shards":1,"versions":["1bxdufq"],"summary_docs":100,"summary_versions":["1pvkbi3"],"docs":[
["بالىلاردا يېقىننى كۆرۈشنىڭ ئالدىنى ئېلىش: ھەر كۈنى ئىككى سائەت سىرتتا","articles/children-myopia/"],
["B ۋە C تىپلىق جىگەر ياللۇغى: بىر قېتىم قان تەكشۈرتۈپ، خاتىرجەم بولۇڭ","articles/hepatitis-screening/"]
]});
