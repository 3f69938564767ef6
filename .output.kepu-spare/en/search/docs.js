KEPU_SEARCH_DOCS("en",{"base":"/en/","shards":1,"versions":["1syy7mt"],"summary_docs":100,"summary_versions":["nleqtl"],"docs":[
["Hearing loss in later life: hearing but not understanding","articles/age-related-hearing-loss/"],
["Cataract in older adults: when the world turns misty","articles/cataract-older-adults/"],
["Preventing short-sightedness in children: two hours outdoors a day","articles/children-myopia/"],
["Young people and earphones: is your hearing running into debt?","articles/earphones-noise/"],
["Hepatitis B vaccine: on time for newborns, not forgotten by adults","articles/hepatitis-b-vaccination/"],
["Hepatitis B and C screening: one blood test, peace of mind","articles/hepatitis-screening/"],
["Leaking after childbirth: start with pelvic floor exercises","articles/postpartum-incontinence/"],
["Leaking when you cough? Stress incontinence in older women can be treated","articles/stress-incontinence-older-women/"],
["A cough that lasts two weeks: think of tuberculosis","articles/tuberculosis-cough/"],
["Home visits for older people with cataract (cancelled)","events/cataract-home-visit-2026/"],
["Hearing checks and health talk for older adults on National Ear Care Day","events/hearing-screening-2026/"],
["Free hepatitis B and C screening on World Hepatitis Day","events/hepatitis-free-clinic-2027/"],
["World Continence Week: free postnatal pelvic floor training","events/pelvic-floor-training-2027/"],
["Free children's vision screening on National Eye Care Day","events/school-eye-screening-2027/"],
["Cataract surgery demonstration and training for township doctors (postponed)","events/township-cataract-training-2027/"]
]});
