# Writes the .tml files from the annotated texts below: {extent|TYPE|value} marks a TIMEX3.
# Run from this directory: python3 make_tml.py
import re, sys
docs = [
("d01_port_strike_ends", "2025-12-08", """Port strike ends after talks
Dockworkers at the northern port returned to work {Saturday|DATE|2025-12-06} after a strike that lasted {nine days|DURATION|P9D}. The union's leader told reporters on {Thursday|DATE|2025-12-04} that members would vote on the deal, and the vote was held {Friday night|TIME|2025-12-05TNI}. Shipping companies said on {Sunday|DATE|2025-12-07} that it would take {about two weeks|DURATION|P2W} to clear the backlog. The port handled a record 1.2 million containers in {the third quarter|DATE|2025-Q3}, and managers expect traffic to recover by {year-end|DATE|2025}."""),
("d02_bridge_reopens", "2026-01-02", """Bridge reopens after winter repairs
The Elm Street bridge reopened on {Wednesday|DATE|2025-12-31} after crews worked through {Christmas|DATE|2025-12-25} to finish the job. It had been closed since {mid-November|DATE|2025-11}. The city council approved the repairs in {October|DATE|2025-10} and said on {Tuesday|DATE|2025-12-30} that a second phase would begin in {March|DATE|2026-03}. Traffic on the bridge fell by a third {last year|DATE|2025}, and officials expect a further closure {this year|DATE|2026}."""),
("d03_retailer_cuts_forecast", "2025-11-14", """Retailer cuts forecast before holiday season
Shares of Brightmart fell 8 percent {Thursday|DATE|2025-11-13} after the company cut its forecast for {the fourth quarter|DATE|2025-Q4}. Chief executive Dana Ruiz, 58, said the company had been hurt by weak demand for furniture. {Tuesday|DATE|2025-11-11}'s figures showed sales down 3 percent, and analysts will watch {Saturday|DATE|2025-11-15}'s store openings closely. The company has closed 40 stores over {the past two years|DURATION|P2Y}. It plans to hire 5,000 seasonal workers {next month|DATE|2025-12}."""),
("d04_village_school", "2026-02-09", """Village school saved by parents' campaign
A 10-year-old pupil and her parents led the campaign that kept the village school open, the council said on {Friday|DATE|2026-02-06}. The school, a 15-minute walk from the station, had faced closure since {the autumn|DATE|2025-FA}. More than 300 residents signed a petition {last month|DATE|2026-01}. The head teacher, who has worked there for {nearly 20 years|DURATION|P20Y}, said the school bus would still run {twice a day|SET|P1D}. The council will review the decision in {September|DATE|2026-09}."""),
("d05_minister_resigns", "2025-10-30", """Minister resigns over contracts
Transport minister Lena Ortiz announced on {Tuesday|DATE|2025-10-28} that she would step down {next month|DATE|2025-11}. Ortiz, 47, had held the post since {March 2023|DATE|2023-03}. Her deputy will take over on {Monday|DATE|2025-11-03}. Opposition leaders had called for her resignation for {weeks|DURATION|PXW}, and a parliamentary inquiry is expected to report in {January|DATE|2026-01}."""),
("d06_flood_defences", "2026-03-16", """Flood defences held, report finds
The river peaked {last Monday|DATE|2026-03-09}, a report published {Sunday|DATE|2026-03-15} found. Engineers had raised the temporary barriers in {February|DATE|2026-02}. The report said the permanent barriers, built in {the 1990s|DATE|199}, would need upgrades within {a decade|DURATION|P1DE}. Repairs will start {this summer|DATE|2026-SU}. The agency said on {Friday|DATE|2026-03-13} that it would publish a full review by {the end of the year|DATE|2026}."""),
("d07_museum_anniversary", "2025-07-01", """Museum marks {150 years|DURATION|P150Y}
The city museum, founded in {1875|DATE|1875}, celebrated its anniversary on {Sunday|DATE|2025-06-29} with free entry. Its oldest objects date from {the 12th century|DATE|11}. Visitor numbers rose 12 percent in {fiscal 2024|DATE|FY2024}. The director, who began a {five-year|DURATION|P5Y} term in {2022|DATE|2022}, said a new wing would open in {the autumn|DATE|2025-FA}. The museum is open {daily|SET|P1D}."""),
("d08_car_sales", "2026-01-05", """Sales slump ends year for carmakers
Car sales fell 4 percent in {December|DATE|2025-12}, figures released on {Friday|DATE|2026-01-02} showed. Sales in {2025|DATE|2025} as a whole were the lowest since {2012|DATE|2012}. Dealers had hoped for a recovery in {the fourth quarter|DATE|2025-Q4}. Manufacturers expect demand to pick up in {the second half of the year|DATE|2026-H2}. An industry group will publish its forecast on {Thursday|DATE|2026-01-08}."""),
("d09_wildfire_contained", "2025-09-19", """Wildfire contained after {three weeks|DURATION|P3W}
Firefighters contained the wildfire on {Thursday|DATE|2025-09-18}. The fire started on {August 28|DATE|2025-08-28} and burned 12,000 hectares. Evacuation orders were lifted {last week|DATE|2025-W37}. Officials said on {Wednesday|DATE|2025-09-17} that the mountain roads would reopen {next week|DATE|2025-W39}, and {Saturday|DATE|2025-09-20}'s fundraiser for families who lost homes is expected to draw thousands. One resident, 71, said she had lived in the valley for {40 years|DURATION|P40Y}."""),
("d10_signal_failure", "2026-04-24", """Train services restored after signal failure
Trains between the two cities ran normally {this morning|TIME|2026-04-24TMO} after a signal failure disrupted services for {six hours|DURATION|PT6H} on {Thursday|DATE|2026-04-23}. The fault began at {7:40 a.m.|TIME|2026-04-23T07:40} and was fixed by {2 p.m.|TIME|2026-04-23T14:00}. The operator said it would pay compensation to passengers delayed by {more than 30 minutes|DURATION|PT30M}. A review of the signalling system will be completed in {June|DATE|2026-06}."""),
]


def write(docs):
    """Writes each (name, dct, text) as name.tml in the current directory."""
    for name, dct, text in docs:
        n = [0]
        def tag(m):
            n[0] += 1
            span, ty, val = m.group(1), m.group(2), m.group(3)
            return f'<TIMEX3 tid="t{n[0]}" type="{ty}" value="{val}">{span}</TIMEX3>'
        body = re.sub(r"\{([^|{}]+)\|([A-Z]+)\|([^|{}]+)\}", tag, text)
        assert "{" not in body, name
        with open(f"{name}.tml", "w") as f:
            f.write(f'<?xml version="1.0" ?>\n<TimeML>\n<DOCID>{name}</DOCID>\n'
                    f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>\n'
                    f'<TEXT>{body}</TEXT>\n</TimeML>\n')
        print(name, n[0])


if __name__ == "__main__":
    write(docs)
