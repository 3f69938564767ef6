KEPU_SEARCH_DOCS("mn",{"base":"/mn/","shards":1,"versions":["13p49fq"],"summary_docs":100,"summary_versions":["10unuj6"],"docs":[
["Хүүхдийг ойрын хараанаас сэргийлэх: өдөр бүр 2 цаг гадаа","articles/children-myopia/"],
["Элэгний B, C вирусын шинжилгээ: нэг удаа цус өгөөд сэтгэл амар","articles/hepatitis-screening/"]
]});
