KEPU_SEARCH_SUMMARIES("en",0,[
"Age-related hearing loss is common and creeps up slowly, yet it affects conversa…",
"Cataract is one of the most common reasons older people lose sight, and surgery…",
"Once short-sightedness develops it cannot be reversed.",
"Hearing loss caused by loud sound is permanent but entirely preventable.",
"Vaccination is the most effective protection against hepatitis B.",
"Hepatitis B and C can go unnoticed for years.",
"Many new mothers leak urine when they cough or laugh.",
"Stress urinary incontinence is common in middle-aged and older women, yet it is…",
"A persistent cough is the commonest early sign of pulmonary tuberculosis.",
"The home-visit day for older people with cataract planned for 12 December 2026 h…",
"On the morning of 3 March 2026, ENT specialists from the County People's Hospita…",
"On the morning of 28 July 2027, free rapid tests for hepatitis B and C and advic…",
"From 21 to 27 June 2027, the postnatal rehabilitation centre of the county Mater…",
"On 6 June 2027, eye doctors from the County People's Hospital and the Maternal a…",
"The cataract surgery demonstration and training day for township health centre d…"
]);
